"""Tools for testing and benchmarking the service (a fake OpenAI-compatible server, process helpers).
Nothing in the service imports them."""
