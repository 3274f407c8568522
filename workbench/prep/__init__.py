"""Call preparation: calls and their attendees, the question bank, and the call-prep sheet."""
