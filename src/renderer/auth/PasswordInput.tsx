import { Input } from 'antd';
import type { PasswordProps } from 'antd/es/input/Password.js';

/**
 * A password field whose show/hide eye is clickable but not a Tab stop: Tab goes from field to
 * field, as the front desk types.
 */
export const PasswordInput = (props: PasswordProps) => <Input.Password visibilityToggle={{ tabIndex: -1 }} {...props} />;
