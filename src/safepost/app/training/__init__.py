"""Workforce privacy training (164.530(b), 164.308(a)(5)): modules as versioned Markdown,
quizzes, completions with expiry, reminders, the gate on posting and replying, certificates."""
