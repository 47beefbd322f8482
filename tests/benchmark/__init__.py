"""`make bench`: seed realistic journals, serve with gunicorn, measure with wrk."""
