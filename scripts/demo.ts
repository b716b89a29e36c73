console.log("demo: nothing yet");
