/// Everything the playbooks need from the user directory. Take the smallest of its parts that does the job.
public typealias UserDirectory = UserLookup & UserListing & UserDescriber & UserAdministration & ProfileListing
    & PresenceCheck
