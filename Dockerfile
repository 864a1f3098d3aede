# Mujaz: slim Python 3.11, non-root, seeds/ and the data directory as volumes.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MUJAZ_SEEDS_DIR=/app/seeds \
    MUJAZ_DB=/data/mujaz.sqlite3

RUN useradd --create-home --uid 10001 mujaz
WORKDIR /app
COPY pyproject.toml README.md ./
COPY summaries ./summaries
COPY bot ./bot
RUN pip install .
COPY seeds ./seeds
RUN mkdir -p /data && chown -R mujaz:mujaz /data

USER mujaz
VOLUME ["/app/seeds", "/data"]
CMD ["mujaz", "run"]
