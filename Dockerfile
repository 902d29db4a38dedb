# A small image that runs the service as a non-root user, with the SQLite database on a volume.
# It installs the project as the README does: `pip install .`, not editable.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DB_PATH=/data/interviews.db

RUN useradd --create-home --uid 10001 interviewer && mkdir /data && chown interviewer /data
WORKDIR /srv/mock-interview

COPY pyproject.toml README.md ./
COPY app ./app
COPY prompts ./prompts
COPY question_bank ./question_bank
RUN pip install .

USER interviewer
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["mock-interview", "serve", "--host", "0.0.0.0", "--port", "8000"]
