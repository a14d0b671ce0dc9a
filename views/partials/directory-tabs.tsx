/** Users / Groups switch shown on the directory pages. */
export function DirectoryTabs(props: { current: 'users' | 'groups' }) {
  return (
    <nav class="subnav" aria-label="Directory">
      <a href="/directory/users" aria-current={props.current === 'users' ? 'page' : undefined}>
        Users
      </a>
      <a href="/directory/groups" aria-current={props.current === 'groups' ? 'page' : undefined}>
        Groups
      </a>
    </nav>
  );
}
