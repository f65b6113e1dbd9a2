import { Flex, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { collectionChart, collectionNode, collectionSearch, collectionTree } from '../../shared/collection/contract.js';
import { useCan } from '../app/me.js';
import { useMethod } from '../app/query.js';

/**
 * The standard addresses whose text matches what was typed (two characters at least), for a
 * field that picks one: `value` is the address id, `label` its full text. Nothing is asked of a
 * role that may not search the collection zone.
 */
export const useAddressHits = (typed: string) => {
  const can = useCan();
  const mayLook = can(collectionSearch);
  const q = typed.trim();
  const hits = useMethod(collectionSearch, { q, limit: 20 }, { enabled: mayLook && q.length >= 2 });
  const options = (hits.data ?? []).filter((h) => h.type === 'address' && h.addressId).map((h) => ({ value: h.addressId!, label: h.title }));
  return { mayLook, options, loading: hits.isFetching };
};

/** The rooms of a building (from its chart) or of a door number (its own rooms), to choose one. */
const useRoomsUnder = (node: { id: string; buildingId: string | null } | null) => {
  const chart = useMethod(collectionChart, { buildingId: node?.buildingId ?? '' }, { enabled: Boolean(node?.buildingId) });
  const children = useMethod(collectionTree, { parentId: node?.id ?? null }, { enabled: Boolean(node && !node.buildingId) });
  if (!node) return [];
  if (node.buildingId) {
    return (chart.data?.units ?? []).flatMap((u) =>
      u.floors.flatMap((f) => f.rooms.map((r) => ({ value: r.id, label: [chart.data?.building.name, u.name, r.name].filter(Boolean).join(' ') }))),
    );
  }
  return (children.data ?? []).filter((c) => c.kind === 'room').map((c) => ({ value: c.id, label: c.fullText }));
};

/**
 * Picks the room a visit goes to: a building (or door number) found by its text, then one of its
 * rooms. An address already known (a patrol checkpoint's) opens at its building, and a room is
 * taken as it is. `value` is the room's id.
 */
export const RoomPicker = ({ value, onChange, near, testId = 'room-picker' }: { value?: string; onChange?: (id: string | undefined) => void; near?: string | null; testId?: string }) => {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [placeId, setPlaceId] = useState<string | null>(near ?? null);
  const { mayLook, options, loading } = useAddressHits(typed);
  const place = useMethod(collectionNode, { id: placeId ?? '' }, { enabled: mayLook && placeId !== null });
  const detail = place.data;
  // a room is chosen among its neighbours: those of its building, or of its door number
  const rooms = useRoomsUnder(detail ? { id: detail.kind === 'room' ? (detail.parentId ?? detail.id) : detail.id, buildingId: detail.buildingId } : null);
  const known = detail?.kind === 'room' && detail.id === near ? detail.id : null;
  useEffect(() => {
    // the known address is a room: it is the answer unless another is chosen
    if (known && value === undefined) onChange?.(known);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the known room is learnt
  }, [known]);
  if (!mayLook) return <Typography.Text type="secondary">{t('collection.roomPicker.noAccess')}</Typography.Text>;
  const withDetail = (list: { value: string; label: string }[]) => (detail && !list.some((o) => o.value === detail.id) ? [{ value: detail.id, label: detail.fullText }, ...list] : list);
  return (
    <Flex gap={8} wrap data-testid={testId}>
      <Select
        showSearch={{ filterOption: false, onSearch: setTyped }}
        style={{ minWidth: 260, flex: 2 }}
        placeholder={t('collection.roomPicker.search')}
        loading={loading}
        value={detail?.id}
        notFoundContent={typed.trim().length < 2 ? t('collection.roomPicker.typeMore') : undefined}
        options={withDetail(options)}
        onChange={(id: string) => {
          setPlaceId(id);
          onChange?.(undefined);
        }}
        data-testid={`${testId}-place`}
      />
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 180, flex: 1 }}
        placeholder={t('collection.roomPicker.room')}
        value={value}
        onChange={(id: string) => onChange?.(id)}
        options={detail?.kind === 'room' ? withDetail(rooms) : rooms}
        notFoundContent={placeId ? t('collection.roomPicker.noRooms') : t('collection.roomPicker.pickPlace')}
        data-testid={`${testId}-room`}
      />
    </Flex>
  );
};
