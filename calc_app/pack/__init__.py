"""Policy packs: the law as an updatable, verified zip (see README, "Policy packs")."""
