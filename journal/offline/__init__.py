"""Works without a signal: the web app manifest and its icons, the service
worker (static/sw.js) served from the root scope, and the offline page."""
