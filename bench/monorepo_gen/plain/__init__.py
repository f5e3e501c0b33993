"""The plain modules that make most of the monorepo: ordinary code, assembled from blocks, with no event in it."""
