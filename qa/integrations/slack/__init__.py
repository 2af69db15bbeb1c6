"""The Slack bot: signed events and slash commands, threads as conversations, answers as blocks."""
