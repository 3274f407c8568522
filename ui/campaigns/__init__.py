"""The Campaigns tab and the territory's "Today's touches" window."""
