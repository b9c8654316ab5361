/**
 * Participant and user-list formats, recognised by their header row (never by file name). Each
 * entry names the header keys (folded: lower-case, no accents or punctuation, see table.ts
 * headerKey) that identify the format and the columns that carry the display name, email,
 * username and identifier. Exports as documented by each vendor:
 *
 * - Zoom "Meeting participants" report (Reports > Usage > Participants > Export):
 *   Name (Original Name), User Email, Join Time, Leave Time, Duration (Minutes), Guest…
 * - Microsoft Teams attendance report (UTF-16 tab-separated; "1. Summary" block, then
 *   "2. Participants": Name, First Join, Last Leave, In-Meeting Duration, Email,
 *   Participant ID (UPN), Role). The older list is Full Name, User Action, Timestamp.
 * - Google Meet attendance report (attendance tracking): First name, Last name, Email, Duration,
 *   Time joined, Time exited. Google Classroom / Workspace user downloads: First Name [Required],
 *   Last Name [Required], Email Address [Required].
 * - Moodle user download (Bulk user actions > Download): id, username, email, firstname,
 *   lastname, idnumber…; a Moodle participants/upload file has the same columns.
 * - A OneRoster users.csv: sourcedId, username, givenName, familyName, identifier, email.
 */
export interface ParticipantFormat {
  id: 'zoom' | 'teams' | 'teams-legacy' | 'google-meet' | 'google-users' | 'moodle' | 'oneroster';
  /** All of these header keys must be present. */
  signature: string[];
  name?: string[];
  /** Given + family columns when the name is split. */
  given?: string[];
  family?: string[];
  email?: string[];
  username?: string[];
  identifier?: string[];
}

export const PARTICIPANT_FORMATS: readonly ParticipantFormat[] = [
  { id: 'zoom', signature: ['name original name', 'user email'], name: ['name original name'], email: ['user email'] },
  { id: 'zoom', signature: ['name original name'], name: ['name original name'], email: ['user email', 'email'] },
  { id: 'teams', signature: ['name', 'first join', 'last leave'], name: ['name'], email: ['email'], username: ['participant id upn'] },
  { id: 'teams', signature: ['full name', 'join time', 'leave time'], name: ['full name'], email: ['email'], username: ['participant id upn'] },
  { id: 'teams-legacy', signature: ['full name', 'user action', 'timestamp'], name: ['full name'] },
  { id: 'google-meet', signature: ['first name', 'last name', 'email', 'time joined'], given: ['first name'], family: ['last name'], email: ['email'] },
  { id: 'google-users', signature: ['first name required', 'last name required', 'email address required'], given: ['first name required'], family: ['last name required'], email: ['email address required'], identifier: ['employee id'] },
  { id: 'google-users', signature: ['first name', 'last name', 'email address'], given: ['first name'], family: ['last name'], email: ['email address'] },
  { id: 'moodle', signature: ['username', 'firstname', 'lastname'], given: ['firstname'], family: ['lastname'], email: ['email'], username: ['username'], identifier: ['idnumber'] },
  { id: 'oneroster', signature: ['sourcedid', 'givenname', 'familyname'], given: ['givenname'], family: ['familyname'], email: ['email'], username: ['username'], identifier: ['identifier'] },
];

export function detectFormat(headerKeys: readonly string[]): ParticipantFormat | undefined {
  const keys = new Set(headerKeys);
  return PARTICIPANT_FORMATS.find((f) => f.signature.every((k) => keys.has(k)));
}
