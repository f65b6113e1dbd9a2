import { EditOutlined, UnlockOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { staffCreate, staffList, staffResetPassword, staffUpdate, type Staff } from '../../shared/staff/contract.js';
import { localDateTime } from '../../shared/time.js';
import { checkForm, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { PasswordInput } from '../auth/PasswordInput.js';
import { usePutInPool } from '../mediation/poolLink.js';

const roleOptions = (t: TFunction) => ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));

/**
 * Marks the fields a core error names; a taken login name is put on its field too. Anything else
 * is returned for the modal's own error line.
 */
const showError = (form: Parameters<typeof markFieldErrors>[0], t: TFunction, err: unknown): unknown => {
  if (err instanceof AppError && err.key === 'staff.usernameTaken') {
    form.setFields([{ name: 'username', errors: [t('errors.staff.usernameTaken')] }]);
    form.focusField('username');
    return null;
  }
  if (markFieldErrors(form, t, err)) {
    focusFirstError(form, err);
    return null;
  }
  return err;
};

/**
 * A modal whose body is one form: Enter submits (the OK button is the form's submit button), Esc
 * and Cancel close it, and it is rebuilt empty each time it opens.
 */
const FormModal = <V extends object>({
  name,
  title,
  okText,
  open,
  busy,
  error,
  form,
  initialValues,
  onSubmit,
  onClose,
  children,
}: {
  name: string;
  title: ReactNode;
  okText: string;
  open: boolean;
  busy: boolean;
  error: unknown;
  form: ReturnType<typeof Form.useForm<V>>[0];
  initialValues?: Partial<V>;
  onSubmit: (values: V) => void;
  onClose: () => void;
  children: ReactNode;
}) => {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('app.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: busy, 'data-testid': `${name}-ok` } as ButtonProps}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      modalRender={(dom) => (
        <Form<V>
          form={form}
          name={name}
          layout="vertical"
          clearOnDestroy
          initialValues={initialValues}
          onFinish={(values) => {
            // one submit at a time (Enter pressed twice)
            if (!busy) onSubmit(values);
          }}
        >
          {dom}
        </Form>
      )}
    >
      {error !== null && error !== undefined && (
        <Alert type="error" showIcon role="alert" title={errorText(t, error)} style={{ marginBottom: 16 }} />
      )}
      {children}
    </Modal>
  );
};

interface CreateValues {
  name?: string;
  username?: string;
  role?: Role;
  phone?: string;
  initialPassword?: string;
}

const CreateModal = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<unknown>(null);
  const create = useAction(staffCreate);
  const putInPool = usePutInPool();
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async (v: CreateValues) => {
    setError(null);
    const input = checkForm(form, t, staffCreate.input, {
      name: v.name ?? '',
      username: v.username ?? '',
      role: v.role ?? '',
      phone: v.phone ?? '',
      initialPassword: v.initialPassword ?? '',
    });
    if (!input) return;
    try {
      const staff = await create.mutateAsync(input);
      void message.success(t('staff.create.done', { name: staff.name }));
      close();
      await putInPool(staff);
    } catch (err) {
      setError(showError(form, t, err));
    }
  };
  return (
    <FormModal<CreateValues>
      name="staffCreate"
      title={t('staff.create.title')}
      okText={t('staff.create.submit')}
      open={open}
      busy={create.isPending}
      error={error}
      form={form}
      onSubmit={(v) => void submit(v)}
      onClose={close}
    >
      <Form.Item name="name" label={t('staff.columns.name')} required>
        <Input autoFocus placeholder={t('staff.create.namePlaceholder')} maxLength={50} />
      </Form.Item>
      <Form.Item name="username" label={t('fields.username')} required>
        <Input placeholder={t('staff.create.usernamePlaceholder')} maxLength={32} spellCheck={false} autoCapitalize="none" autoComplete="off" />
      </Form.Item>
      <Form.Item name="role" label={t('fields.role')} required>
        <Select options={roleOptions(t)} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="phone" label={t('fields.phone')} required>
        <Input placeholder={t('staff.create.phonePlaceholder')} inputMode="tel" maxLength={20} />
      </Form.Item>
      <Form.Item name="initialPassword" label={t('fields.initialPassword')} required extra={t('staff.create.passwordHint')}>
        <PasswordInput autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
};

interface UpdateValues {
  name?: string;
  role?: Role;
  phone?: string;
  active?: boolean;
}

const UpdateModal = ({ staff, onClose }: { staff: Staff | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useMe();
  const [form] = Form.useForm<UpdateValues>();
  const [error, setError] = useState<unknown>(null);
  const update = useAction(staffUpdate);
  const putInPool = usePutInPool();
  const self = staff?.id === me.staffId;
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async (v: UpdateValues) => {
    if (!staff) return;
    setError(null);
    const input = checkForm(form, t, staffUpdate.input, {
      id: staff.id,
      version: staff.version,
      name: v.name ?? '',
      role: v.role ?? '',
      phone: v.phone ?? '',
      active: v.active ?? false,
    });
    if (!input) return;
    try {
      const saved = await update.mutateAsync(input);
      void message.success(t('staff.update.done', { name: saved.name }));
      close();
      await putInPool(saved);
    } catch (err) {
      setError(showError(form, t, err));
    }
  };
  return (
    <FormModal<UpdateValues>
      name="staffUpdate"
      title={t('staff.update.title', { name: staff?.name ?? '' })}
      okText={t('app.save')}
      open={staff !== null}
      busy={update.isPending}
      error={error}
      form={form}
      initialValues={staff ? { name: staff.name, role: staff.role, phone: staff.phone, active: staff.active } : undefined}
      onSubmit={(v) => void submit(v)}
      onClose={close}
    >
      {self && <Alert type="info" showIcon title={t('staff.update.selfHint')} style={{ marginBottom: 16 }} />}
      <Form.Item label={t('fields.username')}>
        <Typography.Text code>{staff?.username}</Typography.Text>
      </Form.Item>
      <Form.Item name="name" label={t('staff.columns.name')} required>
        <Input autoFocus maxLength={50} />
      </Form.Item>
      <Form.Item name="role" label={t('fields.role')} required>
        <Select options={roleOptions(t)} disabled={self} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="phone" label={t('fields.phone')} required>
        <Input inputMode="tel" maxLength={20} />
      </Form.Item>
      <Form.Item name="active" label={t('fields.active')} valuePropName="checked" extra={t('staff.update.activeHint')}>
        <Switch disabled={self} checkedChildren={t('staff.activeYes')} unCheckedChildren={t('staff.activeNo')} />
      </Form.Item>
    </FormModal>
  );
};

const ResetModal = ({ staff, onClose }: { staff: Staff | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ initialPassword?: string }>();
  const [error, setError] = useState<unknown>(null);
  const reset = useAction(staffResetPassword);
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async (v: { initialPassword?: string }) => {
    if (!staff) return;
    setError(null);
    const input = checkForm(form, t, staffResetPassword.input, { id: staff.id, initialPassword: v.initialPassword ?? '' });
    if (!input) return;
    try {
      const saved = await reset.mutateAsync(input);
      void message.success(t('staff.reset.done', { name: saved.name }));
      close();
    } catch (err) {
      setError(showError(form, t, err));
    }
  };
  return (
    <FormModal<{ initialPassword?: string }>
      name="staffReset"
      title={t('staff.reset.title', { name: staff?.name ?? '' })}
      okText={t('staff.reset.submit')}
      open={staff !== null}
      busy={reset.isPending}
      error={error}
      form={form}
      onSubmit={(v) => void submit(v)}
      onClose={close}
    >
      <Typography.Paragraph type="secondary">
        {t('staff.reset.intro', { name: staff?.name ?? '', username: staff?.username ?? '' })}
      </Typography.Paragraph>
      <Form.Item name="initialPassword" label={t('fields.initialPassword')} required extra={t('staff.create.passwordHint')}>
        <PasswordInput autoFocus autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
};

/** The station's accounts: the head adds staff, edits them, deactivates them, resets passwords. */
export const StaffPage = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const [includeInactive, setIncludeInactive] = useState(false);
  const list = useMethod(staffList, { includeInactive });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Staff | null>(null);
  const [resetting, setResetting] = useState<Staff | null>(null);

  const columns: TableColumnsType<Staff> = [
    {
      title: t('staff.columns.name'),
      dataIndex: 'name',
      render: (name: string, s) => (
        <Space size="small">
          <span>{name}</span>
          {s.id === me.staffId && <Tag color="blue">{t('staff.you')}</Tag>}
        </Space>
      ),
    },
    { title: t('staff.columns.username'), dataIndex: 'username', render: (u: string) => <Typography.Text code>{u}</Typography.Text> },
    { title: t('staff.columns.role'), dataIndex: 'role', render: (r: Role) => t(`roles.${r}`) },
    { title: t('staff.columns.phone'), dataIndex: 'phone' },
    {
      title: t('staff.columns.active'),
      dataIndex: 'active',
      render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('staff.activeYes') : t('staff.activeNo')}</Tag>,
    },
    {
      title: t('staff.columns.mustChange'),
      dataIndex: 'mustChangePassword',
      render: (m: boolean) => (m ? <Tag color="orange">{t('staff.mustChangeYes')}</Tag> : <Typography.Text type="secondary">{t('staff.mustChangeNo')}</Typography.Text>),
    },
    {
      title: t('staff.columns.lockedUntil'),
      dataIndex: 'lockedUntil',
      render: (until: string | null) =>
        until && Date.parse(until) > Date.now() ? (
          <Tag color="red">{t('staff.lockedUntil', { time: localDateTime(until, me.timeZone) })}</Tag>
        ) : (
          <Typography.Text type="secondary">{t('staff.notLocked')}</Typography.Text>
        ),
    },
    {
      title: t('staff.columns.actions'),
      key: 'actions',
      render: (_: unknown, s) => (
        <Space size="small">
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)} data-testid={`staff-edit-${s.username}`}>
            {t('staff.edit')}
          </Button>
          <Button size="small" icon={<UnlockOutlined />} onClick={() => setResetting(s)} data-testid={`staff-reset-${s.username}`}>
            {t('staff.resetPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('staff.title')}
      extra={
        <Space>
          <Space size="small">
            <Switch
              size="small"
              checked={includeInactive}
              onChange={setIncludeInactive}
              aria-label={t('staff.includeInactive')}
              data-testid="staff-include-inactive"
              id="staff-include-inactive"
            />
            <label htmlFor="staff-include-inactive">{t('staff.includeInactive')}</label>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('app.refresh')} title={t('app.refresh')} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="staff-add">
            {t('staff.add')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('staff.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={errorText(t, list.error)} style={{ marginBottom: 16 }} />}
      <Table<Staff>
        rowKey="id"
        size="middle"
        loading={list.isFetching && !list.data}
        dataSource={list.data ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('staff.empty') }}
        data-testid="staff-table"
      />
      <CreateModal open={creating} onClose={() => setCreating(false)} />
      <UpdateModal staff={editing} onClose={() => setEditing(null)} />
      <ResetModal staff={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
};
