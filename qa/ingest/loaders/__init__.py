"""Report loaders: plain text, Markdown, PDF, DOCX and HTML into one `Extracted` shape."""
