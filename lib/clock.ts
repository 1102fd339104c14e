// Time is injected so tests can move it; production code passes nothing and gets the real time.
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
