"""Answering: the question analysed once, sentences chosen, abstention rules, answer text, the verified LLM."""
