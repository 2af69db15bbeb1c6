"""Text tools: language detection, jieba tokenizing with the domain dictionary, glossary, lexicon, numbers."""
