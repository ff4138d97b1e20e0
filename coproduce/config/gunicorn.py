"""gunicorn's settings: ``gunicorn -c python:coproduce.config.gunicorn coproduce.config.wsgi``.

gunicorn answers an over-long request line itself, with an HTML page; here it passes
lines up to 1 MB on (``0``: gunicorn's own ceiling), so that the app answers 414 beyond
``COPRODUCE_MAX_REQUEST_LINE`` as every other error, an RFC 9457 problem in the API.
The reverse proxy in front bounds the line further (nginx: 8 KB by default).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
limit_request_line = 0
