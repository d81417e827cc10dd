"""The campaign pages, one module per area: campaigns, submissions, rankings, dashboard."""
