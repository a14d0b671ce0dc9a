/** Users / Groups / Attributes switch shown on the directory pages. */
export function DirectoryTabs(props: { current: 'users' | 'groups' | 'attributes' }) {
  const tab = (name: typeof props.current) => (props.current === name ? 'page' : undefined);
  return (
    <nav class="subnav" aria-label="Directory">
      <a href="/directory/users" aria-current={tab('users')}>
        Users
      </a>
      <a href="/directory/groups" aria-current={tab('groups')}>
        Groups
      </a>
      <a href="/directory/attributes" aria-current={tab('attributes')}>
        Attributes
      </a>
    </nav>
  );
}
