"""The local web app: a view of the stored analyses and nothing else (`parallax serve`)."""
