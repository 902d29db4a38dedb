"""The question bank (YAML), shipped inside the package and read through importlib.resources."""
