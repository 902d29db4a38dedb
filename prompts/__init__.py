"""Prompt templates and wording data, shipped inside the package and read through importlib.resources."""
