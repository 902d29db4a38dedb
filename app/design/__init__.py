"""System design rounds: the phases, the answers to clarifying questions, the deep dives and the design scoring."""
