// "Which waiting files match this prefix now": the same check the agent makes (case-insensitive
// 前方一致, in the setting's folder), shown under the ファイル名 field while the clerk types.
import { useWaiting } from '../../stores/stores-context';

export function matchingFileNames(fileNames: readonly string[], prefix: string): readonly string[] {
  const p = prefix.trim().toLowerCase();
  if (p === '') return [];
  return fileNames.filter((n) => n.toLowerCase().startsWith(p));
}

export function MatchingFiles({ target, folder, prefix }: { readonly target: string | undefined; readonly folder: string; readonly prefix: string }) {
  const groups = useWaiting((s) => s.groups);
  // Before the first save a new setting has no id: look in any group reading the same folder.
  const group =
    groups.find((g) => target !== undefined && g.target === target) ??
    groups.find((g) => folder.trim() !== '' && g.folder.replace(/[\\/]+$/, '').split(/[\\/]/).pop()?.toLowerCase() === folder.trim().toLowerCase());
  if (prefix.trim() === '') return null;
  if (group === undefined) return <p>フォルダ「{folder}」のファイルは、保存後に確認できます。</p>;
  if (group.folderProblem !== null) return <p className="warning">{group.folderProblem}</p>;
  const names = matchingFileNames(
    group.files.map((f) => f.fileName),
    prefix,
  );
  return names.length === 0 ? (
    <p>いま「{prefix.trim()}」で始まるファイルはありません。</p>
  ) : (
    <div className="matching">
      <p>いま当てはまるファイル（{names.length}件）:</p>
      <ul>
        {names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
