/// Finds our own sent mail in the shared mailbox: every reply is Cc'd to it, so an interrupted send whose copy is in
/// the INBOX (or already filed in the processed folder) went out and must not be sent again.
public struct IMAPDeliveryLedger: DeliveryLedger {
    let mailbox: CurlIMAPMailbox
    let folders: [String?]

    /// A ledger over `mailbox`, searching the INBOX and `processedFolder` (and a Sent folder when given).
    public init(mailbox: CurlIMAPMailbox, processedFolder: String?, sentFolder: String? = nil) {
        self.mailbox = mailbox
        var folders: [String?] = [nil]
        if let p = processedFolder { folders.append(p) }
        if let s = sentFolder { folders.append(s) }
        self.folders = folders
    }

    public func delivered(messageID: String) async throws -> Bool {
        for folder in folders {
            if try await mailbox.containsMessage(messageID: messageID, folder: folder) { return true }
        }
        return false
    }
}
