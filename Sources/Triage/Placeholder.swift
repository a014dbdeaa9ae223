public enum TriageModule {}
