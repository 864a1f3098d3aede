# Mujaz: slim Python 3.11, non-root. docker-compose.yml runs it beside PostgreSQL;
# alone (docker run) it keeps a SQLite store in the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MUJAZ_SEEDS_DIR=/app/seeds \
    MUJAZ_DB=/data/mujaz.sqlite3 \
    MUJAZ_DATA_DIR=/data

RUN useradd --create-home --uid 10001 mujaz
WORKDIR /app
# What `pip install .` reads: the project file, its readme and licence, the three packages.
COPY pyproject.toml README.md LICENSE ./
COPY summaries ./summaries
COPY bot ./bot
COPY db ./db
RUN pip install .
COPY seeds ./seeds
RUN mkdir -p /data && chown -R mujaz:mujaz /data /app/seeds

USER mujaz
VOLUME ["/app/seeds", "/data"]
# Exit 0 when the store answers and is migrated, else 1 (`mujaz health`).
HEALTHCHECK --interval=30s --timeout=15s --start-period=120s --retries=3 CMD ["mujaz", "health"]
CMD ["mujaz", "run"]
