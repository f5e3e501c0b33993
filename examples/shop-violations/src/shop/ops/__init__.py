"""Operations tooling: scripts the on-call engineers run by hand."""
