console.log('quorumlab');
