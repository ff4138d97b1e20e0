# coproduce as a container image: gunicorn serving the app, the same image runs the worker.
#   docker compose up          (compose.yaml: app, worker, PostgreSQL, Redis)
# The image holds no secret: SECRET_KEY, DATABASE_URL, REDIS_URL and LEDGER_KEY come from
# the environment at run time (README, "Configuration").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=coproduce.config.settings.production \
    COPRODUCE_DATA_DIR=/var/lib/coproduce \
    STATIC_ROOT=/srv/coproduce/static \
    GUNICORN_BIND=0.0.0.0:8000 \
    LOG_FORMAT=json

WORKDIR /srv/coproduce
# dependencies first (pinned by requirements.lock), so a code change does not reinstall them
COPY requirements.lock pyproject.toml README.md ./
RUN mkdir coproduce && touch coproduce/__init__.py \
    && pip install -c requirements.lock . \
    && pip uninstall -y coproduce && rm -rf coproduce build
COPY coproduce ./coproduce
RUN pip install --no-deps -c requirements.lock . \
    && useradd --system --uid 10001 --home-dir /var/lib/coproduce coproduce \
    && mkdir -p /var/lib/coproduce \
    && chown coproduce /var/lib/coproduce
# the static files (whitenoise serves them, compressed): production settings need these
# variables to load, the values are placeholders that never reach a running container
RUN SECRET_KEY=collectstatic DATABASE_URL=sqlite:////tmp/unused.sqlite3 \
    REDIS_URL=redis://unused:6379/0 LEDGER_KEY=k0:collectstatic-placeholder-key-0123456789 \
    coproduce collectstatic --noinput

USER coproduce
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4).status == 200 else 1)"
CMD ["gunicorn", "-c", "python:coproduce.config.gunicorn", "coproduce.config.wsgi"]
