"""The benchmark: the service's overhead against the model's own time, streaming latency, interviews
waiting on a slow model, and tokens per interview. ``python -m bench --help``; see bench/README.md."""
