// Small DOM helpers: elements are built from text nodes only (no HTML parsing of any string).

const SVG = "http://www.w3.org/2000/svg";

/** An element with attributes (on* functions become listeners; null skips) and text or node children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null) continue;
    if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child == null || child === "") continue;
    node.append(child); // strings become text nodes
  }
  return node;
}

/** An icon from the sprite in index.html. */
export function icon(id) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const use = document.createElementNS(SVG, "use");
  use.setAttribute("href", `#${id}`);
  svg.append(use);
  return svg;
}

/**
 * Where the quote sits in the text as [start, end), or null: an exact match first, then one that
 * ignores whitespace (the chunk and the quote may wrap lines differently).
 */
export function findQuote(text, quote) {
  if (!text || !quote) return null;
  const exact = text.indexOf(quote);
  if (exact >= 0) return [exact, exact + quote.length];
  const positions = [];
  let squeezed = "";
  for (let i = 0; i < text.length; i++) {
    if (!/\s/.test(text[i])) {
      positions.push(i);
      squeezed += text[i];
    }
  }
  const needle = quote.replace(/\s+/g, "");
  const at = needle ? squeezed.indexOf(needle) : -1;
  if (at < 0) return null;
  return [positions[at], positions[at + needle.length - 1] + 1];
}
