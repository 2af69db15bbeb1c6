"""Belt and Road Q&A: cited, figure-aware answers over Belt and Road cooperation reports."""

__version__ = "0.1.0"
