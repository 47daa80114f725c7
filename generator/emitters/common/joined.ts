/**
 * Parts of a text (a module's declarations, a header's layout checks) as one part, joined by
 * what the file's template puts between two, for text an emitter keeps for a while: the
 * bodies the layouts of a data model share. V8 keeps a text made by concatenation (a template
 * literal, a Handlebars template's output) as a tree of its pieces, a node of 32 bytes for
 * each join, until something reads it whole; a joined array is one flat string. At 20,000
 * lines the trees of Rust's kept bodies were 18 MB of nodes, besides their pieces.
 */
export function joinedParts(parts: readonly string[], separator: string): readonly string[] {
  // None stays none: the template writes nothing for no part, and a separator for one.
  return parts.length > 1 ? [parts.join(separator)] : parts;
}
