/** The member picker's suggestions: `<option>`s swapped into the add-member field's datalist. */

/** Users are suggested by UPN (what the add form looks up), groups by name. */
export function MemberOptions(props: {
  users: { userPrincipalName: string; displayName: string | null }[];
  groups: { displayName: string }[];
}) {
  return (
    <>
      {props.users.map((u) => (
        <option value={u.userPrincipalName}>{u.displayName ? `${u.displayName} (user)` : 'user'}</option>
      ))}
      {props.groups.map((g) => (
        <option value={g.displayName}>group</option>
      ))}
    </>
  );
}
