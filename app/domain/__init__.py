"""Plain types shared by the planner, the providers and the scorer, so none of them imports another."""
