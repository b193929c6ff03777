// MessageChannel and MessagePort: delivery as a task after the microtasks, clone on post,
// start/onmessage, close, transferring buffers and ports. Each channel is closed at the
// end (an open port with a listener keeps Node running).
const log = [];
const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

{
  const { port1, port2 } = new MessageChannel();
  console.log("ports", port1 instanceof MessagePort, port1 instanceof EventTarget, port1 !== port2, port2.onmessage);
  const payload = { n: 1, list: [1, 2], when: new Date(0), map: new Map([["k", "v"]]) };
  port2.onmessage = (event) => {
    log.push(`message ${event.type} ${event instanceof MessageEvent} ${JSON.stringify(event.data.list)} ${event.data.map.get("k")}`);
    log.push(`copy ${event.data !== payload} ${event.data.when instanceof Date} ${event.target === port2} ${event.ports.length}`);
    queueMicrotask(() => log.push(`microtask after ${event.data.n}`));
  };
  port1.postMessage(payload);
  payload.n = 2; // the message was cloned when posted
  port1.postMessage(payload);
  queueMicrotask(() => log.push("microtask of the posting turn"));
  log.push("posted");
  await tick();
  console.log(log.splice(0).join("\n"));
  port1.close();
  port2.close();
}
{
  // addEventListener does not start the port in the standard (Node starts it; not
  // tested here); start() does, and messages wait for it.
  const { port1, port2 } = new MessageChannel();
  port1.postMessage("queued 1");
  port1.postMessage("queued 2");
  await tick();
  port2.onmessage = (event) => log.push(event.data);
  await tick();
  console.log("after onmessage", log.splice(0).join(","));
  port2.start();
  port2.start();
  port1.postMessage("later");
  await tick();
  console.log("start twice", log.splice(0).join(","));
  port1.close();
  port2.close();
}
{
  // Both directions; replies.
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = (event) => port2.postMessage(`echo ${event.data}`);
  port1.onmessage = (event) => log.push(event.data);
  port1.postMessage("a");
  port1.postMessage("b");
  await tick();
  console.log("echo", log.splice(0).join(","));
  port1.close();
  port2.close();
}
{
  // close: posting to or from a closed port does nothing; a receiver closed drops its queue.
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = (event) => log.push(event.data);
  port2.close();
  port1.postMessage("to closed");
  port2.postMessage("from closed");
  await tick();
  console.log("closed", log.splice(0).length);
  port1.close();
  port1.close();
  console.log("close twice ok");
}
{
  // Uncloneable data throws at postMessage, synchronously.
  const { port1, port2 } = new MessageChannel();
  for (const bad of [() => port1.postMessage(() => 1), () => port1.postMessage(Symbol("s")), () => port1.postMessage(1, [port1])]) {
    try {
      bad();
      console.log("no throw");
    } catch (error) {
      console.log("post throws", error.name);
    }
  }
  try {
    port1.postMessage();
  } catch (error) {
    console.log("no argument", error.name);
  }
  port1.close();
  port2.close();
}
{
  // Transfer: an ArrayBuffer is detached, a port moves to the other side.
  const { port1, port2 } = new MessageChannel();
  const other = new MessageChannel();
  const buffer = new Uint8Array([7, 8]).buffer;
  port2.onmessage = (event) => {
    const [received] = event.ports;
    log.push(`got buffer ${new Uint8Array(event.data.buffer).join()} ports ${event.ports.length} ${received instanceof MessagePort} ${received !== other.port1}`);
    received.onmessage = (inner) => {
      log.push(`through the moved port: ${inner.data}`);
      received.close();
    };
    other.port2.postMessage("hello");
  };
  port1.postMessage({ buffer }, [buffer, other.port1]);
  log.push(`sender's buffer ${buffer.byteLength}`);
  await tick();
  await tick();
  console.log(log.splice(0).join("\n"));
  port1.close();
  port2.close();
  other.port2.close();
}
{
  // The options form of the transfer list.
  const { port1, port2 } = new MessageChannel();
  const buffer = new ArrayBuffer(3);
  port2.onmessage = (event) => log.push(`options form ${event.data.byteLength}`);
  port1.postMessage(buffer, { transfer: [buffer] });
  await tick();
  console.log(log.splice(0).join(), buffer.byteLength);
  port1.close();
  port2.close();
}
try {
  new MessagePort();
} catch (error) {
  console.log("new MessagePort", error.name);
}
// (Node's MessageChannel and MessagePort lack their toStringTag.)
