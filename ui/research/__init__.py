"""The research panes: Pages (captured pages, facts, people found) and News."""
