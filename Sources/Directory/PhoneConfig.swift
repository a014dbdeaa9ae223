/// How a user takes calls: Amazon Connect's `UserPhoneConfig`.
public struct PhoneConfig: Hashable, Sendable, Codable {
    /// `PhoneType`: the softphone in the browser (CCP) or a desk phone Connect calls.
    public enum PhoneType: String, Hashable, Sendable, Codable, CaseIterable {
        /// `SOFT_PHONE`: calls ring in the Contact Control Panel. The guide's default.
        case softPhone = "SOFT_PHONE"
        /// `DESK_PHONE`: Connect calls `deskPhoneNumber`.
        case deskPhone = "DESK_PHONE"
    }

    /// `PhoneType`.
    public var phoneType: PhoneType
    /// `AutoAccept`: connect calls without the agent pressing accept. Off by the guide's defaults.
    public var autoAccept: Bool
    /// `AfterContactWorkTimeLimit` in seconds (0 means no limit). 300 by the guide's defaults.
    public var afterContactWorkTimeLimit: Int
    /// `DeskPhoneNumber` in E.164 form (`+15735551234`); required for `.deskPhone`.
    public var deskPhoneNumber: String?

    /// Creates a phone configuration.
    public init(phoneType: PhoneType = .softPhone, autoAccept: Bool = false, afterContactWorkTimeLimit: Int = 300,
                deskPhoneNumber: String? = nil) {
        self.phoneType = phoneType
        self.autoAccept = autoAccept
        self.afterContactWorkTimeLimit = afterContactWorkTimeLimit
        self.deskPhoneNumber = deskPhoneNumber.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The guide's defaults: Soft Phone, Auto Accept off, after-contact work limit 300 seconds.
    public static let guideDefault = PhoneConfig()

    enum CodingKeys: String, CodingKey {
        case phoneType = "PhoneType", autoAccept = "AutoAccept",
             afterContactWorkTimeLimit = "AfterContactWorkTimeLimit", deskPhoneNumber = "DeskPhoneNumber"
    }
}
