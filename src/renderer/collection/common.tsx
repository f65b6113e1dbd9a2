import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoomState } from '../../shared/collection/model.js';

export const chartPrintPath = (buildingId: string) => `/print/collection/chart/${buildingId}`;
export const noticePrintPath = (appointmentId: string) => `/print/collection/notice/${appointmentId}`;

/** Colours of the building chart; on paper the state is also written, so grey print still reads. */
export const STATE_COLOR: Record<RoomState, { background: string; border: string }> = {
  verified: { background: '#d9f7be', border: '#52c41a' },
  collected: { background: '#bae0ff', border: '#1677ff' },
  rented: { background: '#ffe7ba', border: '#fa8c16' },
  vacant: { background: '#f0f0f0', border: '#8c8c8c' },
  notCollected: { background: '#fff1f0', border: '#ff4d4f' },
};

export const StateTag = ({ state }: { state: RoomState }) => {
  const { t } = useTranslation();
  return (
    <Tag style={{ background: STATE_COLOR[state].background, borderColor: STATE_COLOR[state].border, color: '#000' }}>{t(`collection.states.${state}`)}</Tag>
  );
};

/** A masked identifier, or a dash. */
export const Masked = ({ value, testId }: { value: string | null; testId?: string }) => (
  <span className="masked" data-testid={testId} style={value ? undefined : { color: '#999' }}>
    {value ?? '—'}
  </span>
);

/** Saves a base64 file the core made (a workbook) through the browser's download. */
export const download = (file: { fileName: string; data: string }) => {
  const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/** A file chosen by the user as base64, for the core. */
export const readAsBase64 = (file: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
