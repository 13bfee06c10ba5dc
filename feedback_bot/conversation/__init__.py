"""The conversation: pure rules from a resident's state and message to replies and effects."""
