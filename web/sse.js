// Server-sent events read from a fetch() response body (EventSource cannot POST).

/**
 * Call onEvent(name, data) for each event in the response stream; data is parsed JSON when it parses.
 * Handles \n, \r\n and \r line ends, comments (": ping") and events split across network chunks.
 */
export async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let name = "";
  let data = [];

  const dispatch = () => {
    if (data.length) {
      const raw = data.join("\n");
      let parsed = raw;
      try {
        parsed = JSON.parse(raw);
      } catch {
        // plain-text data stays a string
      }
      onEvent(name || "message", parsed);
    }
    name = "";
    data = [];
  };

  const feedLine = (line) => {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  };

  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    // A trailing \r may be the first half of \r\n: keep it until the next chunk.
    const usable = buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
    const lines = buffer.slice(0, usable).split(/\r\n|\r|\n/);
    buffer = lines.pop() + buffer.slice(usable);
    lines.forEach(feedLine);
  }
  buffer += decoder.decode();
  if (buffer) buffer.split(/\r\n|\r|\n/).forEach(feedLine);
  dispatch();
}
