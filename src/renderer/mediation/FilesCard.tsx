import { EyeOutlined, FileOutlined, RollbackOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Image, List, Modal, Select, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ReasonModal } from '../app/CancelWithReason.js';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import {
  mediationAttachFile,
  mediationFileContent,
  mediationWithdrawFile,
  type FileView,
  type MediationCase,
} from '../../shared/mediation/contract.js';
import { formatBytes } from '../../shared/files.js';
import { ACCEPTED_EXTENSIONS, FILE_KINDS, MAX_FILE_BYTES, MAX_FILE_MB, type FileKind } from '../../shared/mediation/files.js';
import { localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { callWithFile } from '../app/upload.js';

/** Evidence and investigation files: attach (photo, scan, document), look at, withdraw. */
export const FilesCard = ({ c }: { c: MediationCase }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const { message } = App.useApp();
  const [kind, setKind] = useState<FileKind>('photo');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ name: string; src: string } | null>(null);
  const [withdrawing, setWithdrawing] = useState<FileView | null>(null);
  // a case transferred to another station is read-only here
  const open = !['archived', 'cancelled'].includes(c.status) && !c.transfer;
  const mayAttach = open && can(mediationAttachFile);

  const send = async (file: File) => {
    setError(null);
    // the core refuses it too; saying so here spares reading 200 MB into memory first
    if (file.size > MAX_FILE_BYTES) {
      setError(t('app.labelled', { label: file.name, value: t('errors.fileTooLarge', { max: MAX_FILE_MB }) }));
      return;
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      await callWithFile(mediationAttachFile, { id: c.id, kind, fileName: file.name, note: null }, bytes);
      void message.success(t('mediation.files.attached', { name: file.name }));
    } catch (e) {
      setError(t('app.labelled', { label: file.name, value: errorText(t, e instanceof AppError ? e : new AppError({ code: 'INTERNAL', key: 'internal' })) }));
    } finally {
      setBusy(false);
    }
  };

  const openFile = async (f: FileView) => {
    try {
      const content = await call(mediationFileContent, { id: c.id, fileId: f.id });
      const src = `data:${content.mime};base64,${content.base64}`;
      if (f.image) {
        setPreview({ name: f.fileName, src });
        return;
      }
      // documents are saved under their own name for the PC's viewer to open
      const bytes = Uint8Array.from(atob(content.base64), (ch) => ch.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: content.mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = content.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };

  return (
    <Card
      size="small"
      title={t('mediation.files.title')}
      data-testid="case-files"
      extra={
        mayAttach && (
          <Space size={6}>
            <Select<FileKind>
              size="small"
              value={kind}
              onChange={setKind}
              style={{ width: 96 }}
              aria-label={t('mediation.files.kind')}
              data-testid="file-kind"
              options={FILE_KINDS.map((k) => ({ value: k, label: t(`mediation.files.kinds.${k}`) }))}
            />
            <Upload
              accept={ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(',')}
              showUploadList={false}
              multiple
              beforeUpload={(file) => {
                void send(file);
                // the file goes through the core's call, not antd's own request
                return false;
              }}
            >
              <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="file-upload">
                {t('mediation.files.attach')}
              </Button>
            </Upload>
          </Space>
        )
      }
    >
      {mayAttach && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('mediation.files.hint', { max: MAX_FILE_MB })}
        </Typography.Paragraph>
      )}
      {error && (
        <Typography.Paragraph type="danger" data-testid="file-error">
          {error}
        </Typography.Paragraph>
      )}
      {c.files.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.files.none')} />
      ) : (
        <List
          size="small"
          dataSource={c.files}
          renderItem={(f) => (
            <List.Item
              data-testid={`file-${f.seq}`}
              actions={[
                <Button key="open" size="small" type="link" icon={f.image ? <EyeOutlined /> : <FileOutlined />} onClick={() => void openFile(f)} data-testid="file-open">
                  {f.image ? t('mediation.files.view') : t('mediation.files.open')}
                </Button>,
                open && can(mediationWithdrawFile) && (
                  <Button key="withdraw" size="small" type="link" danger icon={<RollbackOutlined />} onClick={() => setWithdrawing(f)} data-testid="file-withdraw">
                    {t('mediation.files.withdraw')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <Flex vertical style={{ minWidth: 0 }}>
                <Space size={6} wrap>
                  <Tag>{t(`mediation.files.kinds.${f.kind}`)}</Tag>
                  <Typography.Text strong data-testid="file-name">
                    {f.fileName}
                  </Typography.Text>
                  <Typography.Text type="secondary">{formatBytes(f.size)}</Typography.Text>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {localDateTime(f.uploadedAt, me.timeZone)} · {f.uploadedBy.name} ·{' '}
                  <span title={f.sha256} data-testid="file-sha256">
                    SHA-256 {f.sha256.slice(0, 16)}…
                  </span>
                  {f.note ? ` · ${f.note}` : ''}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {preview && (
        <Modal open title={preview.name} footer={null} onCancel={() => setPreview(null)} width={820}>
          <Image src={preview.src} alt={preview.name} preview={false} style={{ maxWidth: '100%' }} data-testid="file-preview" />
        </Modal>
      )}
      {withdrawing && (
        <ReasonModal
          title={t('mediation.files.withdrawTitle', { name: withdrawing.fileName })}
          testId="file-withdraw-form"
          reasonLabel={t('mediation.act.reason')}
          okText={t('mediation.files.withdraw')}
          maxLength={200}
          onConfirm={async (reason) => {
            await call(mediationWithdrawFile, { id: c.id, fileId: withdrawing.id, reason });
                }}
          onClose={() => setWithdrawing(null)}
        />
      )}
    </Card>
  );
};
