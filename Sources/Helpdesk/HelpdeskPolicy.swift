public import Directory
public import Foundation
public import Mail
public import Store

/// The decisions an admin configures: who approves, who may skip approval, defaults for new users.
public struct HelpdeskPolicy: Sendable, Equatable {
    /// The shared mailbox (From and Cc of every reply).
    public var sharedMailbox: String
    /// Its display name.
    public var sharedMailboxName: String
    /// Admins (lowercased): approval requests and the digest go to them.
    public var admins: [String]
    /// Requesters (lowercased) whose new-user requests need no approval when they pass the sender checks.
    public var requesters: [String]
    /// The Amazon Connect login URL in the credential email.
    public var loginURL: String
    /// The security profile when a request names none.
    public var defaultSecurityProfile: String
    /// Phone settings for new users (the guide: soft phone, auto-accept off, after-contact work 300 s).
    public var phoneConfig: PhoneConfig
    /// How long an approval request stays valid.
    public var approvalValidity: TimeInterval
    /// A second "it still fails" within this many days escalates to an account reset.
    public var escalationDays: Int
    /// Which Authentication-Results to believe about a sender (a trusted requester's, an admin's emailed decision).
    public var senderChecks: SenderChecks
    /// How long to keep retrying CreateUser after a reset while the username is not reusable yet.
    public var resetRetryWindow: TimeInterval
    /// Plan and record everything, but change nothing and send nothing.
    public var dryRun: Bool
    /// Waits between resends of a reply the mail system refused: from `base`, doubling, to `maximum`.
    public var outboxBackoff: OutboxBackoff
    /// After this long undelivered, a reply's ticket goes to a person.
    public var undeliveredAlert: TimeInterval
    /// How long after an interrupted send the ledger is asked (time for the Cc copy to reach the shared mailbox).
    public var inDoubtGrace: TimeInterval
    /// The loop guard's caps and the send breaker's limit (`loop_guard.*`).
    public var loopGuard: LoopGuardLimits

    /// Creates a policy; the defaults are the guide's.
    public init(sharedMailbox: String = "MOACTS@health.mo.gov", sharedMailboxName: String = "MO ACTS Help Desk",
                admins: [String] = [], requesters: [String] = [],
                loginURL: String = "https://moprodconnect.awsapps.com/connect/login", defaultSecurityProfile: String = "Agent",
                phoneConfig: PhoneConfig = .guideDefault, approvalValidity: TimeInterval = 24 * 3600, escalationDays: Int = 7,
                resetRetryWindow: TimeInterval = 30 * 60, dryRun: Bool = false,
                outboxBackoff: OutboxBackoff = OutboxBackoff(base: 300, maximum: 3600, maxAttempts: 130),
                undeliveredAlert: TimeInterval = 24 * 3600, inDoubtGrace: TimeInterval = 0,
                senderChecks: SenderChecks = SenderChecks(trustedServers: []),
                loopGuard: LoopGuardLimits = LoopGuardLimits()) {
        self.senderChecks = senderChecks
        self.loopGuard = loopGuard
        self.inDoubtGrace = inDoubtGrace
        self.outboxBackoff = outboxBackoff
        self.undeliveredAlert = undeliveredAlert
        self.sharedMailbox = sharedMailbox
        self.sharedMailboxName = sharedMailboxName
        self.admins = admins.map { $0.lowercased() }
        self.requesters = requesters.map { $0.lowercased() }
        self.loginURL = loginURL
        self.defaultSecurityProfile = defaultSecurityProfile
        self.phoneConfig = phoneConfig
        self.approvalValidity = approvalValidity
        self.escalationDays = escalationDays
        self.resetRetryWindow = resetRetryWindow
        self.dryRun = dryRun
    }

    /// The policy a configuration describes.
    public init(config: HelpdeskConfig) {
        self.init(
            sharedMailbox: config.string("shared_mailbox.address") ?? "MOACTS@health.mo.gov",
            sharedMailboxName: config.string("shared_mailbox.name") ?? "MO ACTS Help Desk",
            admins: config.addresses("admins"), requesters: config.addresses("requesters"),
            loginURL: config.string("login_url") ?? "https://moprodconnect.awsapps.com/connect/login",
            defaultSecurityProfile: config.string("new_user.security_profile") ?? "Agent",
            phoneConfig: PhoneConfig(phoneType: config.string("new_user.phone_type") == "DESK_PHONE" ? .deskPhone : .softPhone,
                                     autoAccept: config.bool("new_user.auto_accept"),
                                     afterContactWorkTimeLimit: config.int("new_user.after_contact_work_seconds") ?? 300),
            approvalValidity: Double(config.int("approvals.validity_hours") ?? 24) * 3600,
            dryRun: config.bool("dry_run"),
            outboxBackoff: OutboxBackoff(base: Double(config.int("outgoing.retry_first_seconds") ?? 300),
                                         maximum: Double(config.int("outgoing.retry_max_seconds") ?? 3600), maxAttempts: 130),
            undeliveredAlert: Double(config.int("outgoing.alert_after_hours") ?? 24) * 3600,
            inDoubtGrace: Double(config.int("outgoing.in_doubt_grace_seconds") ?? 15),
            senderChecks: SenderChecks(trustedServers: config.addresses("sender_checks.authserv_ids")),
            loopGuard: LoopGuardLimits(perCorrespondentPerDay: config.int("loop_guard.per_correspondent_per_day") ?? 3,
                                       perTicket: config.int("loop_guard.per_ticket") ?? 3,
                                       breakerPer10Minutes: config.int("loop_guard.breaker_per_10_minutes") ?? 60))
    }
}
