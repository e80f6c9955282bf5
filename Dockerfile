# rtwbot in a container: HTTP mode under gunicorn, as a non-root user.
#   docker build -t rtwbot .
#   docker run --env-file .env -p 3000:3000 rtwbot
# compose.yaml runs it with PostgreSQL. The install steps are deploy/install.sh, which CI
# runs in a fresh virtualenv (no container engine there): what this image does is tested.

FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir --quiet build && python -m build --wheel --outdir /dist .

FROM python:3.11-slim
ENV PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1 PATH=/opt/rtwbot/bin:$PATH
COPY --from=build /dist/*.whl /tmp/
COPY deploy/install.sh /usr/local/bin/rtwbot-install
RUN useradd --system --create-home --home-dir /var/lib/rtwbot --shell /usr/sbin/nologin rtwbot \
    && rtwbot-install /opt/rtwbot /tmp/rtwbot-*.whl postgres \
    && rm /tmp/rtwbot-*.whl
USER rtwbot
WORKDIR /var/lib/rtwbot
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status == 200 else 1)"]
# The schema is brought up to date first (a no-op when it is), then the server starts.
CMD ["sh", "-c", "rtwbot db upgrade && exec rtwbot serve --http --host 0.0.0.0 --port 3000"]
