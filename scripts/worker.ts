console.log("worker: nothing to do yet");
