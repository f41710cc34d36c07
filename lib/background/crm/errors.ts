/** A note the remote CRM could not take (not configured, no customer, the CRM failed): said to the agent as is. */
export class CrmNoteRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrmNoteRejected';
  }
}
