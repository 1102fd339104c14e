/** The regions an instance can be created in: the one list the New instance dialog offers. */
export const regions = ["North America", "South America", "Europe", "Asia Pacific", "Australia", "Japan"] as const;
