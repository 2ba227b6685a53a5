import type { CorpTagRef, TagCatalogueGroup } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { PfsButton } from '../components/PfsButton';
import { toUserMessage } from '../errors/app-error';

export interface TagEditorProps {
  corpTags: CorpTagRef[];
  groups: TagCatalogueGroup[];
  onSave: (tagIds: string[]) => Promise<void>;
}

/** The customer's WeCom corp tags; 编辑 opens a picker by tag group, 保存 syncs them (mark_tag on the server). */
export function TagEditor({ corpTags, groups, onSave }: TagEditorProps) {
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  const start = () => {
    setPicked(new Set(corpTags.map((tag) => tag.id)));
    setError(undefined);
    setEditing(true);
  };
  const toggle = (id: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await onSave([...picked]);
      setEditing(false);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  if (!editing) {
    return (
      <View className='pfs-butler-tags'>
        <View className='pfs-butler-chips'>
          {corpTags.length ? (
            corpTags.map((tag) => (
              <Text key={tag.id} className='pfs-butler-chip pfs-butler-chip--corp'>
                {tag.name}
              </Text>
            ))
          ) : (
            <Text className='pfs-butler-muted'>暂无企业标签</Text>
          )}
        </View>
        {groups.length ? (
          <PfsButton size='small' variant='secondary' onClick={start}>
            编辑标签
          </PfsButton>
        ) : null}
      </View>
    );
  }
  return (
    <View className='pfs-butler-tags pfs-butler-tags--editing'>
      {groups.map((group) => (
        <View key={group.groupId} className='pfs-butler-tags__group'>
          <Text className='pfs-butler-tags__group-name'>{group.groupName}</Text>
          <View className='pfs-butler-chips'>
            {group.tags.map((tag) => {
              const on = picked.has(tag.id);
              return (
                <View
                  key={tag.id}
                  role='checkbox'
                  aria-checked={on}
                  className={`pfs-butler-chip pfs-butler-chip--pick${on ? ' pfs-butler-chip--on' : ''}`}
                  onClick={() => toggle(tag.id)}
                >
                  {tag.name}
                </View>
              );
            })}
          </View>
        </View>
      ))}
      {error ? (
        <View className='pfs-butler-invite__error' role='alert'>
          {toUserMessage(error)}
        </View>
      ) : null}
      <View className='pfs-butler-tags__actions'>
        <PfsButton size='small' variant='secondary' onClick={() => setEditing(false)} disabled={saving}>
          取消
        </PfsButton>
        <PfsButton size='small' onClick={() => void save()} loading={saving}>
          保存
        </PfsButton>
      </View>
    </View>
  );
}
