/// The profiles the guide names (its Appendix), seeded into a new local directory.
public enum GuideProfiles {
    /// Case Investigator, Contact Tracers, Resource Coordinator.
    public static let routing = ["Case Investigator", "Contact Tracers", "Resource Coordinator"]
    /// Agent, Supervisor, L1 Support, Admin, CallCenterManager.
    public static let security = ["Agent", "Supervisor", "L1 Support", "Admin", "CallCenterManager"]
    /// One agent hierarchy group for the program.
    public static let hierarchy = ["MO ACTS"]
}
